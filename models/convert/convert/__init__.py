"""Escriba's model converter: registry-packaged weights -> the exact files the app's engines load."""
