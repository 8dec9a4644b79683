"""Load layers in real QGIS and report what QGIS sees, as JSON on stdout.

Run with Debian's interpreter (which has ``qgis.core``), not the project venv::

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/check_layers.py DIR [DIR ...]

For each DIR, every ``*.geojson`` (with its ``.qml`` sidecar, which QGIS applies on
load) and every layer of ``atlas.gpkg`` (with its default style from
``layer_styles``) is opened as a user would open it; each GeoJSON also with the OGR
open option ``DATE_AS_STRING=YES`` (``geojson_date_as_string:<name>``).
The report gives, per source:
validity, CRS, feature count, field types, renderer type and its category field,
whether labels are on, features with invalid geometry, and every attribute value
keyed by feature id.  Exits with os._exit (QGIS teardown can crash offscreen).
"""

import json
import os
import sys
from pathlib import Path

from qgis.core import QgsApplication, QgsProviderRegistry, QgsVectorLayer


def plain(v):
    if v is None:
        return None
    if hasattr(v, "isNull") and v.isNull():
        return None
    if hasattr(v, "toString") and not isinstance(v, str):
        return {"qtype": type(v).__name__, "text": v.toString("yyyy-MM-dd")}
    if isinstance(v, bool | int | float | str):
        return v
    return repr(v)


def inspect(layer):
    out = {
        "valid": layer.isValid(),
        "crs": layer.crs().authid(),
        "count": layer.featureCount(),
        "geometry_type": layer.geometryType(),
        "fields": {f.name(): f.typeName() for f in layer.fields()},
        "renderer": layer.renderer().type() if layer.renderer() else None,
        "renderer_attr": getattr(layer.renderer(), "classAttribute", lambda: None)(),
        "categories": [],
        "labels": bool(layer.labelsEnabled()),
        "invalid_geometries": [],
        "values": {},
    }
    r = layer.renderer()
    if r is not None and r.type() == "categorizedSymbol":
        out["categories"] = [str(c.value()) for c in r.categories()]
    names = [f.name() for f in layer.fields()]
    for feat in layer.getFeatures():
        attrs = {n: plain(a) for n, a in zip(names, feat.attributes(), strict=True)}
        key = str(attrs.get("id", feat.id()))
        out["values"][key] = attrs
        g = feat.geometry()
        if g is None or g.isNull() or not g.isGeosValid():
            out["invalid_geometries"].append(key)
    return out


def main(dirs):
    app = QgsApplication([], False)
    app.initQgis()
    report = {
        "qgis": QgsApplication.applicationVersion()
        if hasattr(QgsApplication, "applicationVersion")
        else None
    }
    from qgis.core import Qgis

    report["qgis"] = Qgis.version()
    report["dirs"] = {}
    for d in dirs:
        d = Path(d)
        res = {}
        for path in sorted(d.glob("*.geojson")):
            layer = QgsVectorLayer(str(path), path.stem, "ogr")
            res[f"geojson:{path.stem}"] = inspect(layer)
            # the reader's open option that keeps date-like text as String (README)
            opt = QgsVectorLayer(f"{path}|option:DATE_AS_STRING=YES", path.stem, "ogr")
            res[f"geojson_date_as_string:{path.stem}"] = inspect(opt)
        gpkg = d / "atlas.gpkg"
        if gpkg.exists():
            md = QgsProviderRegistry.instance().providerMetadata("ogr")
            subs = [s.name() for s in md.querySublayers(str(gpkg))]
            for name in sorted(set(subs) - {"layer_styles"}):
                layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
                res[f"gpkg:{name}"] = inspect(layer)
        report["dirs"][str(d)] = res
    sys.stdout.write(json.dumps(report, ensure_ascii=False))
    sys.stdout.flush()


if __name__ == "__main__":
    code = 0
    try:
        main(sys.argv[1:])
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)
