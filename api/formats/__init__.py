"""The formats the API speaks, by code and by media type."""
from .json_format import JsonFormat

FORMATS = {fmt.code: fmt for fmt in (JsonFormat(),)}
BY_MEDIA_TYPE = {fmt.media_type: fmt for fmt in FORMATS.values()}
DEFAULT = FORMATS["json"]
# Codes of the original service that this server does not speak yet: named in the error.
NOT_YET_AVAILABLE = ("xml", "yaml", "csv", "tsv")
