"""The club's management page for admins: signing in by a /club manage link, and the page
whose forms run the same commands as chat, as the signed-in admin."""
