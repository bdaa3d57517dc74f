"""The theme templates we override by copying mkdocs-material's own and changing a few attributes
so every page is valid HTML (W3C Nu Html Checker). `tests/test_theme_overrides.py` checks that each
copy is exactly the theme's file with these changes, so an update of the theme shows up as a failing
test instead of silently diverging.

Each entry: override path (under templates/overrides/) -> [(theme text, our text, why)].
"""

PATCHES: dict[str, list[tuple[str, str, str]]] = {
    "base.html": [
        ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">',
         "autocomplete is not allowed on a check box"),
        ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">',
         "autocomplete is not allowed on a check box"),
    ] + [
        (include, '{% if gk_gedeeld is defined %}{% call gk_gedeeld("' + part + '") %}' + include
         + '{% endcall %}{% else %}' + include + '{% endif %}',
         "drawn once for all pages outside the navigation in the same place (generator/page_frame.py)")
        for part, include in (("tabs", '{% include "partials/tabs.html" %}'),
                              ("nav", '{% include "partials/nav.html" %}'))
    ],
    "partials/nav-item.html": [
        ('tabindex="{{ tabindex }}">', '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>',
         "an empty tabindex is no valid integer: leave the attribute out on sections"),
    ],
    "partials/toc.html": [
        ('<label class="md-nav__title" for="__toc">\n      <span class="md-nav__icon md-icon"></span>\n'
         '      {{ title }}\n    </label>',
         '<div class="md-nav__title">\n      <span class="md-nav__icon md-icon"></span>\n'
         '      {{ title }}\n    </div>',
         "the label points at __toc, a control that only exists with toc.integrate"),
    ],
}
