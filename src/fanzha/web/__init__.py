"""The web shell: request dependencies, templates, errors, navigation, static assets."""
