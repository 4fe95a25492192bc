"""Characters: names, epithets and pronouns as mentions; one cluster per person; speakers."""
