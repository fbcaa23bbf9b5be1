"""Synthetic rioplatense consultations with their target notes (README.md "Data")."""
