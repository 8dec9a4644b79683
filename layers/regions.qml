<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling" labelsEnabled="1" hasScaleBasedVisibilityFlag="0">
  <renderer-v2 type="categorizedSymbol" attr="area_kind" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <categories>
      <category symbol="0" value="uncertainty_extent" label="location uncertainty (the area's extent)" render="true" />
      <category symbol="1" value="" label="other" render="true" />
    </categories>
    <symbols>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="0" type="fill">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="136,86,167,60" />
            <Option name="outline_color" type="QString" value="136,86,167,255" />
            <Option name="outline_style" type="QString" value="solid" />
            <Option name="outline_width" type="QString" value="0.4" />
            <Option name="outline_width_unit" type="QString" value="MM" />
            <Option name="style" type="QString" value="solid" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="outlineStyle" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="CASE WHEN &quot;status&quot; = 'operating' THEN 'solid' WHEN &quot;status&quot; = 'construction' THEN 'dash' WHEN &quot;status&quot; = 'pre-construction' THEN 'dash' WHEN &quot;status&quot; = 'proposed' THEN 'dot' WHEN &quot;status&quot; = 'announced' THEN 'dot' WHEN &quot;status&quot; = 'shelved' THEN 'dash dot' WHEN &quot;status&quot; = 'cancelled' THEN 'dash dot dot' WHEN &quot;status&quot; = 'mothballed' THEN 'dash dot' WHEN &quot;status&quot; = 'retired' THEN 'dash dot dot' ELSE 'solid' END" />
                  <Option name="type" type="int" value="3" />
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection" />
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="1" type="fill">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="136,136,136,60" />
            <Option name="outline_color" type="QString" value="136,136,136,255" />
            <Option name="outline_style" type="QString" value="solid" />
            <Option name="outline_width" type="QString" value="0.4" />
            <Option name="outline_width_unit" type="QString" value="MM" />
            <Option name="style" type="QString" value="solid" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="outlineStyle" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="CASE WHEN &quot;status&quot; = 'operating' THEN 'solid' WHEN &quot;status&quot; = 'construction' THEN 'dash' WHEN &quot;status&quot; = 'pre-construction' THEN 'dash' WHEN &quot;status&quot; = 'proposed' THEN 'dot' WHEN &quot;status&quot; = 'announced' THEN 'dot' WHEN &quot;status&quot; = 'shelved' THEN 'dash dot' WHEN &quot;status&quot; = 'cancelled' THEN 'dash dot dot' WHEN &quot;status&quot; = 'mothballed' THEN 'dash dot' WHEN &quot;status&quot; = 'retired' THEN 'dash dot dot' ELSE 'solid' END" />
                  <Option name="type" type="int" value="3" />
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection" />
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="name" isExpression="0" fontSize="9" fontSizeUnit="Point" textColor="30,30,30,255" textOpacity="1" namedStyle="Regular" />
      <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.8" />
      <placement placement="1" placementFlags="10" dist="1.5" distUnits="MM" priority="2" repeatDistance="0" />
      <rendering drawLabels="1" obstacle="0" obstacleFactor="1" obstacleType="0" scaleVisibility="0" displayAll="0" upsidedownLabels="0" />
    </settings>
  </labeling>
</qgis>
