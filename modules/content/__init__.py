"""Loading and validating authored content: YAML -> models -> cross-references -> registry."""
