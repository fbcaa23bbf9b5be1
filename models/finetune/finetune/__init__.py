"""Escriba's fine-tuning recipe: Spanish consultation generator → LoRA SFT → export (README.md)."""
