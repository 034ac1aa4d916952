"""dryneedle: a clinic system for trigger-point dry needling."""
