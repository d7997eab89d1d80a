"""The API's documentation page, rendered on the server from the OpenAPI schema.

No Swagger UI or Redoc: their bundles need a CDN or inline styles and scripts that the
Content-Security-Policy forbids. This page is plain GOV.UK markup that works without
JavaScript; the machine-readable schema is at /api/schema/.
"""

from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(schema: dict) -> str:
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1]


def _type(schema: dict, components: dict) -> str:
    if "$ref" in schema:
        target = components.get(_schema_name(schema), {})
        if "enum" in target:
            return "one of: " + ", ".join(str(v) for v in target["enum"] if v)
        return _schema_name(schema)
    if "allOf" in schema:
        return _type(schema["allOf"][0], components)
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}), components)}"
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"] if v)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = " or ".join(kind)
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _fields(schema: dict, components: dict) -> list[dict]:
    target = components.get(_schema_name(schema), schema) if schema else {}
    required = set(target.get("required", []))
    return [
        {
            "name": name,
            "type": _type(prop, components),
            "required": name in required,
            "read_only": prop.get("readOnly", False),
            "description": prop.get("description", ""),
        }
        for name, prop in target.get("properties", {}).items()
    ]


def operations(schema: dict) -> list[dict]:
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {})
            body_schema = body.get("application/json", {}).get("schema", {})
            ok = next(
                (
                    response
                    for code, response in operation.get("responses", {}).items()
                    if code.startswith("2")
                ),
                {},
            )
            ok_schema = ok.get("content", {}).get("application/json", {}).get("schema")
            found.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "tag": (operation.get("tags") or ["api"])[0],
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _type(p.get("schema", {}), components),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "request_fields": _fields(body_schema, components),
                    "response_type": _type(ok_schema, components) if ok_schema else "",
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return found


class APIDocsView(TemplateView):
    """URL name `api:docs`: every endpoint, its parameters and its answers."""

    template_name = "recommendations/api_docs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schema = SchemaGenerator().get_schema(request=None, public=True)
        context["info"] = schema["info"]
        context["operations"] = operations(schema)
        return context
