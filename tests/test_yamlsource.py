"""The loader keeps the line and column of every key and value, and reads every scalar as text."""

from generator.yamlsource import loads

TEXT = """\
titel: Voorbeeld
themas:
  - eigen-regie
  - rouwverwerking
kosten_baten:
  kosten_bekend: no
  kosten:
    - post: Coaching
      bedrag: "€ 1.500"
bijgewerkt: 2026-05-01
"""


def test_positions_point_at_values_and_keys():
    loaded, problems = loads(TEXT, "approaches/x.yml")
    assert problems == []
    positions = loaded.positions
    assert positions.values[("titel",)] == (1, 8)
    assert positions.keys[("titel",)] == (1, 1)
    assert positions.values[("themas", 1)] == (4, 5)
    assert positions.keys[("kosten_baten", "kosten", 0, "bedrag")] == (9, 7)
    assert positions.values[("kosten_baten", "kosten", 0, "bedrag")] == (9, 15)


def test_unknown_locations_fall_back_to_the_nearest_parent():
    loaded, _ = loads(TEXT, "approaches/x.yml")
    assert loaded.positions.of(("kosten_baten", "kosten", 0, "eenheid")) == (8, 7)
    assert loaded.positions.of(("bestaat", "niet")) == (1, 1)


def test_every_scalar_is_text_so_the_model_decides_its_meaning():
    loaded, _ = loads(TEXT, "approaches/x.yml")
    assert loaded.data["kosten_baten"]["kosten_bekend"] == "no"
    assert loaded.data["bijgewerkt"] == "2026-05-01"


def test_empty_values_are_none():
    loaded, _ = loads("titel:\nandere: ~\n", "x.yml")
    assert loaded.data == {"titel": None, "andere": None}


def test_a_syntax_error_reports_its_line_in_dutch():
    loaded, problems = loads("titel: Een\nsamenvatting: iets: met dubbele punt\n", "approaches/x.yml")
    assert loaded is None
    assert [p.format() for p in problems] == [
        "approaches/x.yml:2:19: YAML-fout: hier mag geen dubbele punt staan (staat er een ': ' in een tekst? "
        "Zet de hele tekst dan tussen aanhalingstekens)"
    ]


def test_packed_positions_answer_as_before_and_hold_only_the_blob_until_asked():
    loaded, _ = loads(TEXT, "approaches/x.yml")
    positions = loaded.positions
    locations = [("titel",), ("themas", 1), ("kosten_baten", "kosten", 0, "bedrag"), ("bestaat", "niet")]
    before = [(positions.of(loc), positions.of(loc, prefer_key=True)) for loc in locations]
    positions.pack()
    assert set(vars(positions)) == {"_packed"}  # the offsets are gone until a message asks for one
    assert [(positions.of(loc), positions.of(loc, prefer_key=True)) for loc in locations] == before
    assert positions.values[("titel",)] == (1, 8)


def test_a_checked_approach_keeps_its_positions_packed():
    from generator.paths import Project
    from generator.validate import load_project

    from conftest import ROOT

    loaded = load_project(Project(ROOT))
    assert loaded.sources and all(set(vars(source.positions)) == {"_packed"} for source in loaded.sources)
    source = loaded.sources[0]
    assert source.where("titel")[0] >= 1  # unpacked when asked
