"""Linking names in articles to known entities: mentions, re-linking after entity writes, the matcher."""
