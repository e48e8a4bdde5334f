"""The colour theme a visitor chose: "system" follows the operating system's setting."""
THEME_COOKIE = "theme"
THEMES = ("system", "light", "dark")


def chosen_theme(request):
    theme = request.COOKIES.get(THEME_COOKIE, "")
    return theme if theme in THEMES else "system"
