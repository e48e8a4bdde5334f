"""Who is calling: the application (`client_id`) and the user, by one of the supported schemes."""
