"""The web layer: one blueprint per area, each with its routes and forms."""
