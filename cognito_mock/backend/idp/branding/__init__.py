"""Look and feel: classic hosted UI customization, managed login branding, terms documents."""
