"""The formats the API speaks, by code and by media type (SPEC §7).

Order matters twice: `*/*` and an absent Accept choose the first (JSON), and a
`type/*` wildcard chooses the first format of that type (`text/*` → CSV).
"""
from .csv_format import CsvFormat
from .json_format import JsonFormat
from .tsv_format import TsvFormat
from .xml_format import XmlFormat
from .yaml_format import YamlFormat

FORMATS = {fmt.code: fmt for fmt in (JsonFormat(), XmlFormat(), YamlFormat(), CsvFormat(), TsvFormat())}
BY_MEDIA_TYPE = {media_type: fmt for fmt in FORMATS.values() for media_type in (fmt.media_type, *fmt.aliases)}
DEFAULT = FORMATS["json"]
