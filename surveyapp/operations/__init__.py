"""Running the service: the health check for monitoring, and database backups."""
