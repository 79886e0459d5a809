"""Static checks of the Kibana saved objects in deploy/kibana/*.ndjson.

Kibana cannot run where the tests run, so these tests read the export files the
way Kibana's import would and hold every object against the index mapping of
``pipeline.indexing.mapping``:

- every line is a saved object (type, id, attributes, references, versions),
  ids are unique, every reference resolves in the same file;
- the data view's time field is a date in the mapping;
- EVERY field name an object mentions — data view formats and labels, saved
  search columns and sort, Lucene/KQL queries and filters, Lens columns, map
  geo/tooltip/sort fields — exists in the mapping (``.facet`` subfields, nested
  paths and the aliases ``org``/``lang`` included);
- terms aggregations use aggregatable fields (never ``text``), date histograms
  dates, the map's geo field a ``geo_point``; nothing that aggregates or
  queries reaches into a ``nested`` field (Lens and Lucene cannot);
- Lens layers, map layers, saved searches and the dashboard name only the
  references they carry, and the dashboard references every panel it shows.

The last tests break a copy of the objects on purpose and check that each
check notices, so a check that silently stops looking fails too.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline.indexing.mapping import FIELD_ALIASES, index_mappings
from pipeline.settings import Settings

REPO = Path(__file__).resolve().parents[2]
KIBANA_DIR = REPO / "deploy" / "kibana"
MAIN_FILE = KIBANA_DIR / "newsflow.ndjson"

# Object types a reference may point at without the object being in the file
# because Kibana creates them itself. None of ours needs one.
KIBANA_PROVIDED_TYPES: frozenset[str] = frozenset()
# The types our files may contain (each one is checked below).
KNOWN_TYPES = frozenset({"index-pattern", "search", "lens", "map", "dashboard"})
PANEL_TYPES = frozenset({"lens", "map", "search"})
LENS_VISUALIZATIONS = frozenset(
    {
        "lnsXY",
        "lnsDatatable",
        "lnsPie",
        "lnsMetric",
        "lnsLegacyMetric",
        "lnsHeatmap",
        "lnsGauge",
        "lnsTagcloud",
        "lnsMosaic",
        "lnsWaffle",
        "lnsPartition",
    }
)
RECORDS = "___records___"  # Lens's pseudo field for "count of records"
GRID_COLUMNS = 48  # a dashboard row is 48 grid units wide

AGGREGATABLE = frozenset(
    {
        "keyword",
        "constant_keyword",
        "wildcard",
        "ip",
        "boolean",
        "date",
        "date_nanos",
        "long",
        "integer",
        "short",
        "byte",
        "double",
        "float",
        "half_float",
        "scaled_float",
        "unsigned_long",
    }
)
DATE_TYPES = frozenset({"date", "date_nanos"})
CONTAINER_TYPES = frozenset({"object", "nested"})
VERSION = re.compile(r"^\d+\.\d+\.\d+$")
READABLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# --------------------------------------------------------------------- loading


@dataclass(frozen=True)
class ExportFile:
    path: Path
    objects: list[dict[str, Any]]
    summary: dict[str, Any] | None  # Kibana's trailing export-details line, if kept


def read_export(path: Path) -> ExportFile:
    """Parse an export file line by line, as Kibana's import does."""
    objects: list[dict[str, Any]] = []
    summary = None
    lines = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            pytest.fail(f"{path.name}:{number}: not JSON: {exc}")
        if not isinstance(value, dict):
            pytest.fail(f"{path.name}:{number}: not a JSON object")
        if "exportedCount" in value and "type" not in value:
            assert number == len(lines), f"{path.name}:{number}: export details before the end"
            summary = value
        else:
            objects.append(value)
    return ExportFile(path, objects, summary)


@cache
def export_files() -> tuple[ExportFile, ...]:
    return tuple(read_export(path) for path in sorted(KIBANA_DIR.glob("*.ndjson")))


def all_objects() -> list[dict[str, Any]]:
    return [obj for export in export_files() for obj in export.objects]


def parsed(text: str | None, default: Any) -> Any:
    """The value of one of the JSON-in-a-string attributes (panelsJSON, layerListJSON…)."""
    return json.loads(text) if text else default


# --------------------------------------------------------------------- mapping


@dataclass(frozen=True)
class MappedField:
    type: str
    nested: bool = False  # inside a `nested` field: Lens and Lucene cannot reach it


def flatten_properties(
    properties: dict[str, Any], prefix: str = "", nested: bool = False
) -> dict[str, MappedField]:
    """Every field path of a mapping, with multi-field subfields (``person.facet``)."""
    fields: dict[str, MappedField] = {}
    for name, spec in properties.items():
        path = f"{prefix}{name}"
        ftype = spec.get("type", "object")
        fields[path] = MappedField(ftype, nested)
        for sub, subspec in spec.get("fields", {}).items():
            fields[f"{path}.{sub}"] = MappedField(subspec.get("type", "object"), nested)
        if "properties" in spec:
            fields.update(
                flatten_properties(spec["properties"], f"{path}.", nested or ftype == "nested")
            )
    return fields


def mapping_fields(mappings: dict[str, Any]) -> dict[str, MappedField]:
    """Field paths of the index mapping; an alias gets the type of what it points at."""
    fields = flatten_properties(mappings["properties"])
    for path, spec in mappings["properties"].items():
        if spec.get("type") == "alias":
            fields[path] = fields[spec["path"]]
    return fields


@cache
def index_fields() -> dict[str, MappedField]:
    return mapping_fields(index_mappings(None))


# --------------------------------------------------------------------- queries

_QUOTED = re.compile(r'"(?:\\.|[^"\\])*"')
# `field:` or `field :` — not inside a word, not an escaped colon (`http\://`)
_FIELD = re.compile(r"(?<![\w.@\\*])([A-Za-z_@][\w.@]*)\s*:")
_EXISTS = re.compile(r"_exists_\s*:\s*([A-Za-z_@][\w.@]*)")


def query_fields(query: str) -> set[str]:
    """The field names a Lucene or KQL query string names (``field:value`` tokens).

    Quoted phrases are dropped first, so a colon inside a phrase is no field;
    ``_exists_:name`` names ``name``. Wildcard field patterns (``person*:x``) and
    KQL's nested ``a:{ b:c }`` are not understood; none of our queries uses them.
    """
    text = _QUOTED.sub('""', query)
    fields = {m.group(1) for m in _EXISTS.finditer(text)}
    fields |= {m.group(1) for m in _FIELD.finditer(text)} - {"_exists_"}
    return fields


# --------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class Mention:
    """One field name an object uses, where, and what it is used for.

    role: ``column`` (shown in Discover), ``field`` (shown/formatted),
    ``query`` (searched), ``sort``, ``terms`` (terms aggregation),
    ``aggregatable`` (another aggregation), ``date`` (date histogram / time
    field), ``geo`` (map geometry).
    """

    obj: str
    where: str
    field: str
    role: str


def _query_mentions(oid: str, where: str, query: Any) -> Iterator[Mention]:
    if isinstance(query, dict):
        query = query.get("query", "")
    if isinstance(query, str):
        for name in sorted(query_fields(query)):
            yield Mention(oid, where, name, "query")


def _filter_mentions(oid: str, where: str, filters: list[dict[str, Any]]) -> Iterator[Mention]:
    for i, pill in enumerate(filters):
        key = pill.get("meta", {}).get("key")
        if key:
            yield Mention(oid, f"{where}[{i}].meta.key", key, "query")
        if "query" in pill and isinstance(pill["query"], dict):
            for clause in pill["query"].values():
                if isinstance(clause, dict):
                    for name in clause:
                        yield Mention(oid, f"{where}[{i}].query", name, "query")


def _search_source_mentions(oid: str, attributes: dict[str, Any]) -> Iterator[Mention]:
    meta = attributes.get("kibanaSavedObjectMeta", {})
    source = parsed(meta.get("searchSourceJSON"), {})
    yield from _query_mentions(oid, "searchSourceJSON.query", source.get("query", ""))
    yield from _filter_mentions(oid, "searchSourceJSON.filter", source.get("filter", []))
    for entry in source.get("sort", []):
        for name in entry:
            yield Mention(oid, "searchSourceJSON.sort", name, "sort")


def data_view_mentions(obj: dict[str, Any]) -> Iterator[Mention]:
    oid, attributes = obj["id"], obj["attributes"]
    if attributes.get("timeFieldName"):
        yield Mention(oid, "timeFieldName", attributes["timeFieldName"], "date")
    for attribute in ("fieldFormatMap", "fieldAttrs"):
        for name in parsed(attributes.get(attribute), {}):
            yield Mention(oid, attribute, name, "field")


def search_mentions(obj: dict[str, Any]) -> Iterator[Mention]:
    oid, attributes = obj["id"], obj["attributes"]
    for name in attributes.get("columns", []):
        yield Mention(oid, "columns", name, "column")
    for entry in attributes.get("sort", []):
        yield Mention(oid, "sort", entry[0], "sort")
    yield from _search_source_mentions(oid, attributes)


def _column_role(column: dict[str, Any]) -> str:
    operation = column.get("operationType")
    if operation == "terms":
        return "terms"
    if operation == "date_histogram":
        return "date"
    return "aggregatable"


def lens_mentions(obj: dict[str, Any]) -> Iterator[Mention]:
    oid, state = obj["id"], obj["attributes"]["state"]
    yield from _query_mentions(oid, "state.query", state.get("query", ""))
    yield from _filter_mentions(oid, "state.filters", state.get("filters", []))
    for layer_id, layer in lens_layers(obj).items():
        for column_id, column in layer["columns"].items():
            where = f"layer {layer_id} column {column_id}"
            field = column.get("sourceField")
            if field and field != RECORDS:
                yield Mention(oid, where, field, _column_role(column))
            yield from _query_mentions(oid, f"{where} filter", column.get("filter", ""))
            for entry in column.get("params", {}).get("filters", []):
                yield from _query_mentions(oid, f"{where} filters", entry.get("input", ""))


def map_layers(obj: dict[str, Any]) -> list[dict[str, Any]]:
    layers: list[dict[str, Any]] = parsed(obj["attributes"].get("layerListJSON"), [])
    return layers


def _style_mentions(oid: str, layer: dict[str, Any]) -> Iterator[Mention]:
    for prop, spec in layer.get("style", {}).get("properties", {}).items():
        field = spec.get("options", {}).get("field") if isinstance(spec, dict) else None
        if isinstance(field, dict) and field.get("origin") == "source":
            yield Mention(oid, f"layer {layer['id']} style {prop}", field["name"], "aggregatable")


def map_mentions(obj: dict[str, Any]) -> Iterator[Mention]:
    oid = obj["id"]
    state = parsed(obj["attributes"].get("mapStateJSON"), {})
    yield from _query_mentions(oid, "mapStateJSON.query", state.get("query", ""))
    yield from _filter_mentions(oid, "mapStateJSON.filters", state.get("filters", []))
    for layer in map_layers(obj):
        where = f"layer {layer['id']}"
        source = layer.get("sourceDescriptor", {})
        if source.get("geoField"):
            yield Mention(oid, f"{where} geoField", source["geoField"], "geo")
        for name in source.get("tooltipProperties", []):
            yield Mention(oid, f"{where} tooltipProperties", name, "field")
        if source.get("sortField"):
            yield Mention(oid, f"{where} sortField", source["sortField"], "sort")
        if source.get("topHitsSplitField"):
            yield Mention(oid, f"{where} topHitsSplitField", source["topHitsSplitField"], "terms")
        yield from _query_mentions(oid, f"{where} query", layer.get("query", ""))
        yield from _style_mentions(oid, layer)


def dashboard_mentions(obj: dict[str, Any]) -> Iterator[Mention]:
    yield from _search_source_mentions(obj["id"], obj["attributes"])


MENTIONS: dict[str, Callable[[dict[str, Any]], Iterator[Mention]]] = {
    "index-pattern": data_view_mentions,
    "search": search_mentions,
    "lens": lens_mentions,
    "map": map_mentions,
    "dashboard": dashboard_mentions,
}


def mentions(objects: list[dict[str, Any]]) -> list[Mention]:
    return [m for obj in objects for m in MENTIONS[obj["type"]](obj)]


# role → (the field types it accepts, what to say otherwise); roles not listed take any type
ROLE_TYPES: dict[str, tuple[frozenset[str], str]] = {
    "terms": (AGGREGATABLE, "not aggregatable (use a keyword such as a .facet subfield)"),
    "aggregatable": (AGGREGATABLE, "not aggregatable"),
    "sort": (AGGREGATABLE, "not sortable"),
    "date": (DATE_TYPES, "not a date"),
    "geo": (frozenset({"geo_point"}), "not a geo_point"),
}


def mention_problem(mention: Mention, fields: dict[str, MappedField]) -> str | None:
    """What is wrong with one use of a field, or None."""
    field = fields.get(mention.field)
    if field is None:
        return "is not in the index mapping"
    if mention.role in ROLE_TYPES:
        types, otherwise = ROLE_TYPES[mention.role]
        if field.type not in types:
            return f"is {field.type}, {otherwise}"
    if mention.role == "query" and field.type in CONTAINER_TYPES:
        return f"is an {field.type} field, which a query string cannot search"
    if field.nested and mention.role != "column":
        return "is inside a nested field, which Lens, Maps and query strings cannot reach"
    return None


def field_problems(objects: list[dict[str, Any]], fields: dict[str, MappedField]) -> list[str]:
    problems = []
    for m in mentions(objects):
        problem = mention_problem(m, fields)
        if problem:
            problems.append(f"{m.obj}: {m.where}: {m.field!r} ({m.role}) {problem}")
    return problems


# --------------------------------------------------------------------- structure


def reference_problems(objects: list[dict[str, Any]]) -> list[str]:
    """Every reference resolves to an object of that type in the same file."""
    present = {(obj["type"], obj["id"]) for obj in objects}
    problems = []
    for obj in objects:
        names = Counter(ref["name"] for ref in obj["references"])
        problems += [
            f"{obj['id']}: reference name {n!r} used twice"
            for n, count in names.items()
            if count > 1
        ]
        for ref in obj["references"]:
            if (ref["type"], ref["id"]) not in present and ref["type"] not in KIBANA_PROVIDED_TYPES:
                problems.append(
                    f"{obj['id']}: reference {ref['name']!r} points at "
                    f"{ref['type']} {ref['id']!r}, which is not in the file"
                )
    return problems


def ref_named(obj: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((ref for ref in obj["references"] if ref["name"] == name), None)


def lens_layers(obj: dict[str, Any]) -> dict[str, dict[str, Any]]:
    layers: dict[str, dict[str, Any]] = (
        obj["attributes"]["state"]["datasourceStates"].get("formBased", {}).get("layers", {})
    )
    return layers


def _accessors(visualization: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(layer id, column id) pairs a Lens visualization state points at."""
    layers = visualization.get("layers") or [visualization]
    for layer in layers:
        layer_id = layer.get("layerId", "")
        for key in ("xAccessor", "splitAccessor", "accessor", "metricAccessor"):
            if layer.get(key):
                yield layer_id, layer[key]
        for accessor in layer.get("accessors", []):
            yield layer_id, accessor
        for column in layer.get("columns", []):
            yield layer_id, column["columnId"]


def lens_problems(obj: dict[str, Any]) -> list[str]:
    oid, attributes = obj["id"], obj["attributes"]
    problems = []
    if attributes.get("visualizationType") not in LENS_VISUALIZATIONS:
        problems.append(f"{oid}: unknown visualizationType {attributes.get('visualizationType')}")
    layers = lens_layers(obj)
    if not layers:
        problems.append(f"{oid}: no formBased layer")
    for layer_id, layer in layers.items():
        ref = ref_named(obj, f"indexpattern-datasource-layer-{layer_id}")
        if ref is None or ref["type"] != "index-pattern":
            problems.append(f"{oid}: layer {layer_id} has no index-pattern reference")
        columns = layer["columns"]
        if sorted(layer["columnOrder"]) != sorted(columns):
            problems.append(f"{oid}: layer {layer_id} columnOrder does not list its columns")
        for column_id, column in columns.items():
            order_by = column.get("params", {}).get("orderBy", {})
            if order_by.get("type") == "column" and order_by.get("columnId") not in columns:
                problems.append(f"{oid}: column {column_id} is ordered by a missing column")
    for layer_id, column_id in _accessors(attributes["state"]["visualization"]):
        if column_id not in layers.get(layer_id, {}).get("columns", {}):
            problems.append(
                f"{oid}: visualization shows {layer_id}/{column_id}, which the datasource lacks"
            )
    return problems


def search_problems(obj: dict[str, Any]) -> list[str]:
    oid = obj["id"]
    source = parsed(obj["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"], {})
    problems = []
    ref = ref_named(obj, source.get("indexRefName", ""))
    if ref is None or ref["type"] != "index-pattern":
        problems.append(f"{oid}: searchSourceJSON.indexRefName names no index-pattern reference")
    if source.get("query", {}).get("language") not in {"lucene", "kuery"}:
        problems.append(f"{oid}: query language is neither lucene nor kuery")
    return problems


def map_problems(obj: dict[str, Any]) -> list[str]:
    oid, problems = obj["id"], []
    for layer in map_layers(obj):
        name = layer.get("sourceDescriptor", {}).get("indexPatternRefName")
        if name is None:
            continue
        ref = ref_named(obj, name)
        if ref is None or ref["type"] != "index-pattern":
            problems.append(f"{oid}: layer {layer['id']} names {name!r}, no such reference")
    return problems


def dashboard_panels(obj: dict[str, Any]) -> list[dict[str, Any]]:
    panels: list[dict[str, Any]] = parsed(obj["attributes"].get("panelsJSON"), [])
    return panels


def panel_reference(obj: dict[str, Any], panel: dict[str, Any]) -> dict[str, Any] | None:
    """The reference of a by-reference panel: ``<panelIndex>:<panelRefName>`` (8.x) or plain."""
    name = panel.get("panelRefName")
    if not name:
        return None
    return ref_named(obj, f"{panel['panelIndex']}:{name}") or ref_named(obj, name)


def _overlaps(a: dict[str, int], b: dict[str, int]) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def dashboard_problems(obj: dict[str, Any]) -> list[str]:
    oid, problems = obj["id"], []
    panels = dashboard_panels(obj)
    if not panels:
        problems.append(f"{oid}: no panels")
    indexes = Counter(panel["panelIndex"] for panel in panels)
    problems += [f"{oid}: panelIndex {i!r} used twice" for i, n in indexes.items() if n > 1]
    for panel in panels:
        where, grid = f"{oid}: panel {panel['panelIndex']}", panel["gridData"]
        ref = panel_reference(obj, panel)
        if ref is None:
            problems.append(f"{where} ({panel.get('type')}) has no panel reference")
        elif ref["type"] != panel.get("type") or ref["type"] not in PANEL_TYPES:
            problems.append(f"{where} is a {panel.get('type')} but references a {ref['type']}")
        if grid.get("i") != panel["panelIndex"]:
            problems.append(f"{where}: gridData.i differs from panelIndex")
        if grid["x"] < 0 or grid["x"] + grid["w"] > GRID_COLUMNS:
            problems.append(f"{where}: wider than the {GRID_COLUMNS}-column grid")
    for i, a in enumerate(panels):
        problems += [
            f"{oid}: panels {a['panelIndex']} and {b['panelIndex']} overlap"
            for b in panels[i + 1 :]
            if _overlaps(a["gridData"], b["gridData"])
        ]
    return problems


STRUCTURE: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "lens": lens_problems,
    "search": search_problems,
    "map": map_problems,
    "dashboard": dashboard_problems,
}


def structure_problems(objects: list[dict[str, Any]]) -> list[str]:
    return [p for obj in objects if obj["type"] in STRUCTURE for p in STRUCTURE[obj["type"]](obj)]


def unshown_visualisations(objects: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """Lens and map objects that no dashboard panel shows."""
    shown = {
        (ref["type"], ref["id"])
        for obj in objects
        if obj["type"] == "dashboard"
        for panel in dashboard_panels(obj)
        if (ref := panel_reference(obj, panel)) is not None
    }
    return {(obj["type"], obj["id"]) for obj in objects if obj["type"] in {"lens", "map"}} - shown


def by_id(objects: list[dict[str, Any]], oid: str) -> dict[str, Any]:
    return next(obj for obj in objects if obj["id"] == oid)


def of_type(type_: str) -> list[dict[str, Any]]:
    return [obj for obj in all_objects() if obj["type"] == type_]


# ===================================================================== tests


def test_the_export_files_exist() -> None:
    assert MAIN_FILE in [export.path for export in export_files()]
    for export in export_files():
        assert export.objects, f"{export.path.name} holds no saved objects"


@pytest.mark.parametrize("export", export_files(), ids=lambda e: e.path.name)
def test_every_line_is_a_saved_object(export: ExportFile) -> None:
    for obj in export.objects:
        label = f"{export.path.name}: {obj.get('type')} {obj.get('id')}"
        assert isinstance(obj.get("type"), str), label
        assert obj["type"] in KNOWN_TYPES, f"{label}: type not checked by these tests"
        assert isinstance(obj.get("id"), str), label
        assert READABLE_ID.match(obj["id"]), f"{label}: ids are lower-case words and dashes"
        assert isinstance(obj.get("attributes"), dict), label
        assert obj["attributes"].get("title"), f"{label}: no title"
        assert isinstance(obj.get("references"), list), label
        for ref in obj["references"]:
            assert set(ref) == {"id", "name", "type"}, f"{label}: malformed reference {ref}"
        assert obj.get("managed") is False, f"{label}: managed objects cannot be edited"
        assert VERSION.match(obj.get("coreMigrationVersion", "")), label
        assert VERSION.match(obj.get("typeMigrationVersion", "")), label
    if export.summary is not None:  # a raw Kibana export keeps its details line
        assert export.summary["exportedCount"] == len(export.objects)
        assert export.summary["missingRefCount"] == 0


def test_ids_are_unique() -> None:
    counts = Counter(obj["id"] for obj in all_objects())
    assert [oid for oid, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("export", export_files(), ids=lambda e: e.path.name)
def test_every_reference_resolves_in_its_file(export: ExportFile) -> None:
    # each file is POSTed to the import API on its own, so it must be complete
    assert reference_problems(export.objects) == []


def test_the_data_view_is_the_article_alias_with_a_date_time_field() -> None:
    (view,) = of_type("index-pattern")
    attributes = view["attributes"]
    assert attributes["title"] == Settings.model_fields["index_alias"].default
    assert attributes["name"] == "Newsflow articles"
    assert view["id"] == "newsflow-data-view"
    assert attributes["timeFieldName"] == "published_at"
    assert index_fields()["published_at"].type in DATE_TYPES


def test_every_mentioned_field_exists_and_fits_its_use() -> None:
    assert field_problems(all_objects(), index_fields()) == []


def test_the_field_check_sees_every_kind_of_mention() -> None:
    found = {(m.field, m.role) for m in mentions(all_objects())}
    expected = {
        ("published_at", "date"),
        ("url", "field"),
        ("person.facet", "field"),
        ("title", "column"),
        ("published_at", "sort"),
        ("event", "query"),
        ("cameo", "query"),
        ("language", "query"),
        ("language", "terms"),
        ("source", "terms"),
        ("person.facet", "terms"),
        ("organization.facet", "terms"),
        ("location.facet", "terms"),
        ("event.facet", "terms"),
        ("event_location", "geo"),
        ("places", "geo"),
    }
    assert expected - found == set()


def test_objects_are_structurally_consistent() -> None:
    assert structure_problems(all_objects()) == []


def test_the_saved_searches() -> None:
    searches = {obj["attributes"]["title"]: obj for obj in of_type("search")}
    expected_queries = {
        "All articles": "",
        "Events: meetings and talks": "event:(meeting OR talks OR phone_call OR visit)",
        "Conflict events": "cameo:(18 OR 19 OR 15)",
        "German articles": "language:de",
    }
    assert set(expected_queries) <= set(searches)
    for title, query in expected_queries.items():
        source = parsed(
            searches[title]["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"], {}
        )
        assert source["query"] == {"query": query, "language": "lucene"}, title
    assert searches["All articles"]["attributes"]["columns"] == [
        "title",
        "source",
        "language",
        "person",
        "organization",
        "location",
        "event",
    ]


def test_the_map_shows_event_locations_from_the_data_view() -> None:
    (the_map,) = of_type("map")
    layers = map_layers(the_map)
    assert layers[0]["sourceDescriptor"]["type"] == "EMS_TMS"  # a base map first
    (events,) = [
        layer for layer in layers if layer["sourceDescriptor"].get("geoField") == "event_location"
    ]
    source = events["sourceDescriptor"]
    assert source["type"] == "ES_SEARCH"
    assert events["visible"] is True
    ref = ref_named(the_map, source["indexPatternRefName"])
    assert ref == {
        "id": "newsflow-data-view",
        "name": source["indexPatternRefName"],
        "type": "index-pattern",
    }
    assert index_fields()["event_location"].type == "geo_point"


def test_the_dashboard_shows_every_visualisation() -> None:
    (dashboard,) = of_type("dashboard")
    assert dashboard["attributes"]["title"] == "Newsflow overview"
    assert unshown_visualisations(all_objects()) == set()
    terms_fields = {m.field for m in mentions(of_type("lens")) if m.role == "terms"}
    assert {
        "language",
        "source",
        "person.facet",
        "organization.facet",
        "location.facet",
        "event.facet",
    } <= terms_fields


# --------------------------------------------------------------------- the helpers


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("", set()),
        ("Merkel Macron", set()),
        ("event:(meeting OR talks OR phone_call OR visit)", {"event"}),
        ("cameo:(18 OR 19 OR 15)", {"cameo"}),
        ('language:de AND NOT source:"dpa: Agentur"', {"language", "source"}),
        ("published_at:[now-7d TO now] +org:nato -lang:en", {"published_at", "org", "lang"}),
        ("_exists_:event_location", {"event_location"}),
        (r"url:https\://example.org/a", {"url"}),
        ("published_at:>2024-01-01T10:00", {"published_at"}),
        ('person : "Olaf Scholz" and event: meeting', {"person", "event"}),
        ("(person.facet:Scholz OR entities.name:scholz)", {"person.facet", "entities.name"}),
    ],
)
def test_query_fields(query: str, fields: set[str]) -> None:
    assert query_fields(query) == fields


def test_mapping_fields_flattens_subfields_nested_paths_and_aliases() -> None:
    fields = index_fields()
    assert fields["person.facet"] == MappedField("keyword")
    assert fields["title"].type == "text"
    assert fields["entities.name.facet"] == MappedField("keyword", nested=True)
    assert fields["events.location.geo"] == MappedField("geo_point", nested=True)
    for alias, target in FIELD_ALIASES.items():
        assert fields[alias] == fields[target]


# --------------------------------------------------------------------- the checks bite


def _broken(mutate: Callable[[list[dict[str, Any]]], None]) -> list[dict[str, Any]]:
    objects = copy.deepcopy(all_objects())
    mutate(objects)
    return objects


def _set_lens_field(objects: list[dict[str, Any]], oid: str, field: str) -> None:
    for layer in lens_layers(by_id(objects, oid)).values():
        for column in layer["columns"].values():
            if column["operationType"] == "terms":
                column["sourceField"] = field


def _set_search_query(objects: list[dict[str, Any]], query: str) -> None:
    meta = by_id(objects, "newsflow-search-german")["attributes"]["kibanaSavedObjectMeta"]
    source = json.loads(meta["searchSourceJSON"])
    source["query"]["query"] = query
    meta["searchSourceJSON"] = json.dumps(source)


def _set_geo_field(objects: list[dict[str, Any]], field: str) -> None:
    the_map = by_id(objects, "newsflow-map-event-locations")
    layers = map_layers(the_map)
    layers[1]["sourceDescriptor"]["geoField"] = field
    the_map["attributes"]["layerListJSON"] = json.dumps(layers)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda objs: _set_lens_field(objs, "newsflow-lens-top-persons", "persons.facet"),
            "'persons.facet' (terms) is not in the index mapping",
        ),
        (
            lambda objs: _set_lens_field(objs, "newsflow-lens-top-persons", "title"),
            "'title' (terms) is text, not aggregatable",
        ),
        (
            lambda objs: _set_lens_field(objs, "newsflow-lens-top-persons", "entities.name.facet"),
            "inside a nested field",
        ),
        (
            lambda objs: _set_search_query(objs, "langauge:de"),
            "'langauge' (query) is not in the index mapping",
        ),
        (lambda objs: _set_search_query(objs, "events.type:meeting"), "inside a nested field"),
        (lambda objs: _set_geo_field(objs, "location"), "is keyword, not a geo_point"),
        (
            lambda objs: by_id(objs, "newsflow-search-all-articles")["attributes"][
                "columns"
            ].append("organisation"),
            "'organisation' (column) is not in the index mapping",
        ),
        (
            lambda objs: by_id(objs, "newsflow-data-view")["attributes"].update(
                timeFieldName="title"
            ),
            "'title' (date) is text, not a date",
        ),
    ],
    ids=[
        "missing-lens-field",
        "terms-on-text",
        "lens-on-nested",
        "query-typo",
        "query-on-nested",
        "geo-not-geo-point",
        "missing-column",
        "time-field-not-date",
    ],
)
def test_the_field_check_bites(
    mutate: Callable[[list[dict[str, Any]]], None], expected: str
) -> None:
    problems = field_problems(_broken(mutate), index_fields())
    assert any(expected in p for p in problems), problems


def _drop_panel_reference(objects: list[dict[str, Any]]) -> None:
    dashboard = by_id(objects, "newsflow-dashboard-overview")
    dashboard["references"] = [r for r in dashboard["references"] if r["type"] != "map"]


def _drop_lens_layer_reference(objects: list[dict[str, Any]]) -> None:
    by_id(objects, "newsflow-lens-top-locations")["references"] = []


def _add_orphan_lens(objects: list[dict[str, Any]]) -> None:
    orphan = copy.deepcopy(by_id(objects, "newsflow-lens-top-persons"))
    orphan["id"] = "newsflow-lens-orphan"
    objects.append(orphan)


def test_the_reference_checks_bite() -> None:
    objects = _broken(
        lambda objs: by_id(objs, "newsflow-dashboard-overview")["references"][0].update(
            id="newsflow-lens-gone"
        )
    )
    assert any("newsflow-lens-gone" in p for p in reference_problems(objects))
    objects = _broken(_drop_panel_reference)
    assert any("event-map (map) has no panel reference" in p for p in structure_problems(objects))
    objects = _broken(_drop_lens_layer_reference)
    assert any("has no index-pattern reference" in p for p in structure_problems(objects))
    objects = _broken(_add_orphan_lens)
    assert unshown_visualisations(objects) == {("lens", "newsflow-lens-orphan")}
