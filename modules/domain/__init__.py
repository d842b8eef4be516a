"""Pydantic models of the authored content: the schema YAML files must follow."""
