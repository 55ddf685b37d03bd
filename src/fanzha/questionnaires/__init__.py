"""A small form engine: questionnaires with versions, single/multiple choice, text and number
questions; answers keep the version they were given under."""
