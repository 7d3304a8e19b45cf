"""Date formats: dd/mm/yyyy in both languages (Django's own `vi` uses dashes, `en` month-first)."""
