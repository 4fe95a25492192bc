"""The local web app (`fabula serve`): FastAPI over the same library API the CLI uses."""
