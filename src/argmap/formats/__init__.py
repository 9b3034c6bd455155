"""Exchange formats: one module per format, each reading to or writing from the model."""
