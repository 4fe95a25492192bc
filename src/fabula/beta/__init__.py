"""The beta read: rules with codes, a span, a message and (where safe) a fix — a linter for fiction."""
