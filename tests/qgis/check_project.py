"""Open a QGIS project (``atlas.qgz``) in real QGIS, export its layout, report as JSON.

Run with Debian's interpreter (which has ``qgis.core``), not the project venv::

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/check_project.py PROJECT OUT_DIR

Reports the project CRS, every layer (valid, source, renderer, labels on, label
placement, obstacle, priority, field types), the layer tree order, the layouts and
their items, and exports the first layout to ``OUT_DIR/atlas.pdf`` (counting its
pages) and ``OUT_DIR/atlas.png`` (150 dpi).  Exits with os._exit (QGIS teardown can
crash offscreen).
"""

import json
import os
import re
import sys
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsProject,
    QgsVectorLayer,
)

_KINDS = (
    (QgsLayoutItemMap, "map"),
    (QgsLayoutItemLegend, "legend"),
    (QgsLayoutItemScaleBar, "scalebar"),
    (QgsLayoutItemPicture, "picture"),
    (QgsLayoutItemLabel, "label"),
)


def _layer(layer):
    out = {
        "name": layer.name(),
        "valid": layer.isValid(),
        "source": layer.source(),
        "crs": layer.crs().authid(),
        "count": layer.featureCount() if isinstance(layer, QgsVectorLayer) else None,
    }
    if not isinstance(layer, QgsVectorLayer):
        return out
    r = layer.renderer()
    out["renderer"] = r.type() if r else None
    out["categories"] = len(r.categories()) if r and r.type() == "categorizedSymbol" else 0
    out["fields"] = {f.name(): f.typeName() for f in layer.fields()}
    out["labels"] = bool(layer.labelsEnabled())
    lab = layer.labeling()
    if lab is not None and hasattr(lab, "settings"):
        s = lab.settings()
        out["label_field"] = s.fieldName
        out["label_placement"] = int(s.placement)
        out["obstacle"] = bool(s.obstacleSettings().isObstacle())
        out["priority"] = s.priority
    return out


def _items(layout):
    items = []
    for it in layout.items():
        kind = next((k for cls, k in _KINDS if isinstance(it, cls)), None)
        if kind is None:
            continue
        entry = {"kind": kind, "id": it.id()}
        if kind == "label":
            entry["text"] = it.text()
        if kind == "map":
            entry["crs"] = it.crs().authid() or it.crs().description()
            entry["layers"] = [lyr.name() for lyr in it.layersToRender()]
            entry["scale"] = it.scale()
        if kind == "legend":
            root = it.model().rootGroup()
            entry["entries"] = [n.name() for n in root.findLayers()]
        if kind == "picture":
            entry["north_mode"] = int(it.northMode())
            entry["linked_map"] = it.linkedMap() is not None
        if kind == "scalebar":
            entry["units"] = int(it.units())
            entry["linked_map"] = it.linkedMap() is not None
        items.append(entry)
    return sorted(items, key=lambda e: (e["kind"], e["id"]))


def main(project_path, out_dir):
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    ok = project.read(project_path)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    root = project.layerTreeRoot()
    report = {
        "read": bool(ok),
        "crs": project.crs().authid(),
        "crs_description": project.crs().description(),
        "crs_is_geographic": project.crs().isGeographic(),
        "absolute_paths": project.readBoolEntry("Paths", "/Absolute", True)[0],
        "tree": [n.layerId() for n in root.findLayers()],
        "layers": {lid: _layer(lyr) for lid, lyr in project.mapLayers().items()},
        "layouts": {},
    }
    for layout in project.layoutManager().printLayouts():
        entry = {"pages": layout.pageCollection().pageCount(), "items": _items(layout)}
        exporter = QgsLayoutExporter(layout)
        pdf = out_dir / f"{layout.name()}.pdf"
        settings = QgsLayoutExporter.PdfExportSettings()
        entry["pdf_result"] = int(exporter.exportToPdf(str(pdf), settings))
        data = pdf.read_bytes() if pdf.exists() else b""
        entry["pdf_bytes"] = len(data)
        # distinct page objects: QGIS appends an incremental update (georeferencing)
        # that writes the page object again under the same number
        pages = re.findall(
            rb"(\d+) 0 obj\s*<<(?:(?!endobj).)*?/Type\s*/Page(?![a-zA-Z])", data, re.S
        )
        entry["pdf_pages"] = len(set(pages))
        img = QgsLayoutExporter.ImageExportSettings()
        img.dpi = 150
        entry["png_result"] = int(
            exporter.exportToImage(str(out_dir / f"{layout.name()}.png"), img)
        )
        report["layouts"][layout.name()] = entry
    sys.stdout.write(json.dumps(report, ensure_ascii=False))
    sys.stdout.flush()


if __name__ == "__main__":
    code = 0
    try:
        main(sys.argv[1], sys.argv[2])
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)
