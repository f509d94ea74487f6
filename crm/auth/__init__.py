"""Users, roles, login and the admin pages to manage users."""
