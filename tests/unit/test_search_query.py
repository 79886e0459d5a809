"""`newsflow search` query building."""

from __future__ import annotations

import pytest

from pipeline.search import build_query, date_bound


def test_plain_query_is_lucene() -> None:
    """QUERY goes to query_string, as in Kibana's Lucene mode."""
    q = build_query("entity:NATO AND event:meeting")
    assert q["bool"]["must"] == [
        {"query_string": {"query": "entity:NATO AND event:meeting", "default_operator": "OR"}}
    ]


def test_filters() -> None:
    """--entity/--type is one nested clause; --event, --lang, --since are filters."""
    q = build_query(
        "",
        entity="Russland",
        entity_type="loc",
        event="meeting",
        language="de",
        since="7d",
        until="2022-01-31",
    )
    filters = q["bool"]["filter"]
    assert filters[0] == {
        "nested": {
            "path": "entities",
            "query": {
                "bool": {
                    "filter": [
                        {"term": {"entities.name": "Russland"}},
                        {"term": {"entities.type": "LOC"}},
                    ]
                }
            },
        }
    }
    assert {"term": {"event": "meeting"}} in filters
    assert {"range": {"published_at": {"gte": "now-7d", "lte": "2022-01-31"}}} in filters


def test_nothing_matches_all() -> None:
    assert build_query(None) == {"match_all": {}}


def test_bad_date_says_what_is_expected() -> None:
    with pytest.raises(ValueError, match="duration like 7d"):
        date_bound("last week")
