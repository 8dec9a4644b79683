<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling" labelsEnabled="1" hasScaleBasedVisibilityFlag="0">
  <renderer-v2 type="categorizedSymbol" attr="mode" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <categories>
      <category symbol="0" value="gas_pipeline" label="gas pipeline" render="true" />
      <category symbol="1" value="multimodal" label="multimodal" render="true" />
      <category symbol="2" value="oil_pipeline" label="oil pipeline" render="true" />
      <category symbol="3" value="passenger" label="passenger" render="true" />
      <category symbol="4" value="rail" label="rail" render="true" />
      <category symbol="5" value="road" label="road" render="true" />
      <category symbol="6" value="" label="other" render="true" />
    </categories>
    <symbols>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="0" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="capstyle" type="QString" value="round" />
            <Option name="joinstyle" type="QString" value="round" />
            <Option name="line_color" type="QString" value="33,102,172,255" />
            <Option name="line_style" type="QString" value="solid" />
            <Option name="line_width" type="QString" value="0.9" />
            <Option name="line_width_unit" type="QString" value="MM" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="outlineColor" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="CASE WHEN &quot;geometry_source&quot; = 'gem' THEN '33,102,172,230' ELSE '33,102,172,115' END" />
                  <Option name="type" type="int" value="3" />
                </Option>
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
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="1" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="capstyle" type="QString" value="round" />
            <Option name="joinstyle" type="QString" value="round" />
            <Option name="line_color" type="QString" value="118,42,131,255" />
            <Option name="line_style" type="QString" value="solid" />
            <Option name="line_width" type="QString" value="0.9" />
            <Option name="line_width_unit" type="QString" value="MM" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="outlineColor" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="CASE WHEN &quot;geometry_source&quot; = 'gem' THEN '118,42,131,230' ELSE '118,42,131,115' END" />
                  <Option name="type" type="int" value="3" />
                </Option>
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
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="2" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="capstyle" type="QString" value="round" />
            <Option name="joinstyle" type="QString" value="round" />
            <Option name="line_color" type="QString" value="26,26,26,255" />
            <Option name="line_style" type="QString" value="solid" />
            <Option name="line_width" type="QString" value="0.9" />
            <Option name="line_width_unit" type="QString" value="MM" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="outlineColor" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="CASE WHEN &quot;geometry_source&quot; = 'gem' THEN '26,26,26,230' ELSE '26,26,26,115' END" />
                  <Option name="type" type="int" value="3" />
                </Option>
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
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="3" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="capstyle" type="QString" value="round" />
            <Option name="joinstyle" type="QString" value="round" />
            <Option name="line_color" type="QString" value="251,154,153,255" />
            <Option name="line_style" type="QString" value="solid" />
            <Option name="line_width" type="QString" value="0.9" />
            <Option name="line_width_unit" type="QString" value="MM" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="outlineColor" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="CASE WHEN &quot;geometry_source&quot; = 'gem' THEN '251,154,153,230' ELSE '251,154,153,115' END" />
                  <Option name="type" type="int" value="3" />
                </Option>
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
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="4" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="capstyle" type="QString" value="round" />
            <Option name="joinstyle" type="QString" value="round" />
            <Option name="line_color" type="QString" value="178,24,43,255" />
            <Option name="line_style" type="QString" value="solid" />
            <Option name="line_width" type="QString" value="0.9" />
            <Option name="line_width_unit" type="QString" value="MM" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="outlineColor" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="CASE WHEN &quot;geometry_source&quot; = 'gem' THEN '178,24,43,230' ELSE '178,24,43,115' END" />
                  <Option name="type" type="int" value="3" />
                </Option>
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
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="5" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="capstyle" type="QString" value="round" />
            <Option name="joinstyle" type="QString" value="round" />
            <Option name="line_color" type="QString" value="140,81,10,255" />
            <Option name="line_style" type="QString" value="solid" />
            <Option name="line_width" type="QString" value="0.9" />
            <Option name="line_width_unit" type="QString" value="MM" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="outlineColor" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="CASE WHEN &quot;geometry_source&quot; = 'gem' THEN '140,81,10,230' ELSE '140,81,10,115' END" />
                  <Option name="type" type="int" value="3" />
                </Option>
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
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="6" type="line">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="capstyle" type="QString" value="round" />
            <Option name="joinstyle" type="QString" value="round" />
            <Option name="line_color" type="QString" value="136,136,136,255" />
            <Option name="line_style" type="QString" value="solid" />
            <Option name="line_width" type="QString" value="0.9" />
            <Option name="line_width_unit" type="QString" value="MM" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="outlineColor" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="CASE WHEN &quot;geometry_source&quot; = 'gem' THEN '136,136,136,230' ELSE '136,136,136,115' END" />
                  <Option name="type" type="int" value="3" />
                </Option>
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
      <placement placement="3" placementFlags="10" dist="1.5" distUnits="MM" priority="6" repeatDistance="0" />
      <rendering drawLabels="1" obstacle="1" obstacleFactor="1" obstacleType="0" scaleVisibility="0" displayAll="0" upsidedownLabels="0" />
    </settings>
  </labeling>
</qgis>
