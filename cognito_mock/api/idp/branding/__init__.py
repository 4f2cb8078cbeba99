"""Look and feel: UI customization, managed login branding, terms documents."""
