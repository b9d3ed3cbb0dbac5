"""Configuration: settings from the environment and the database configuration. Every layer may import it;
it imports nothing of the application."""
