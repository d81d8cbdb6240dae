"""Stored documents: their current shapes (pydantic) and the migrations that bring older versions up to date."""
