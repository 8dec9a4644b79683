<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling" labelsEnabled="1" hasScaleBasedVisibilityFlag="0">
  <renderer-v2 type="categorizedSymbol" attr="feature_code" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <categories>
      <category symbol="0" value="ADM1" label="ADM1" render="true" />
      <category symbol="1" value="PPL" label="PPL" render="true" />
      <category symbol="2" value="PPLA3" label="PPLA3" render="true" />
      <category symbol="3" value="PPLC" label="PPLC" render="true" />
      <category symbol="4" value="RGN" label="RGN" render="true" />
      <category symbol="5" value="" label="other" render="true" />
    </categories>
    <symbols>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="0" type="marker">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="251,154,153,255" />
            <Option name="name" type="QString" value="circle" />
            <Option name="outline_color" type="QString" value="35,35,35,255" />
            <Option name="outline_style" type="QString" value="solid" />
            <Option name="outline_width" type="QString" value="0.4" />
            <Option name="outline_width_unit" type="QString" value="MM" />
            <Option name="scale_method" type="QString" value="diameter" />
            <Option name="size" type="QString" value="3" />
            <Option name="size_unit" type="QString" value="MM" />
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
        <layer class="GeometryGenerator" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="SymbolType" type="QString" value="Fill" />
            <Option name="geometryModifier" type="QString" value="make_ellipse($geometry, &quot;uncertainty_km&quot; / 111.32 / cos(radians(y($geometry))), &quot;uncertainty_km&quot; / 111.32, 90)" />
            <Option name="units" type="QString" value="MapUnit" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="enabled" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="coalesce(&quot;precision&quot; &gt;= 3 AND &quot;uncertainty_km&quot; &gt; 0, false)" />
                  <Option name="type" type="int" value="3" />
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection" />
            </Option>
          </data_defined_properties>
          <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="@0@1" type="fill">
            <data_defined_properties>
              <Option type="Map">
                <Option name="name" type="QString" value="" />
                <Option name="properties" />
                <Option name="type" type="QString" value="collection" />
              </Option>
            </data_defined_properties>
            <layer class="SimpleFill" enabled="1" locked="0" pass="0">
              <Option type="Map">
                <Option name="color" type="QString" value="251,154,153,40" />
                <Option name="outline_color" type="QString" value="251,154,153,200" />
                <Option name="outline_style" type="QString" value="dash" />
                <Option name="outline_width" type="QString" value="0.3" />
                <Option name="outline_width_unit" type="QString" value="MM" />
                <Option name="style" type="QString" value="solid" />
              </Option>
              <data_defined_properties>
                <Option type="Map">
                  <Option name="name" type="QString" value="" />
                  <Option name="properties" />
                  <Option name="type" type="QString" value="collection" />
                </Option>
              </data_defined_properties>
            </layer>
          </symbol>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="1" type="marker">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="251,154,153,255" />
            <Option name="name" type="QString" value="circle" />
            <Option name="outline_color" type="QString" value="35,35,35,255" />
            <Option name="outline_style" type="QString" value="solid" />
            <Option name="outline_width" type="QString" value="0.4" />
            <Option name="outline_width_unit" type="QString" value="MM" />
            <Option name="scale_method" type="QString" value="diameter" />
            <Option name="size" type="QString" value="3" />
            <Option name="size_unit" type="QString" value="MM" />
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
        <layer class="GeometryGenerator" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="SymbolType" type="QString" value="Fill" />
            <Option name="geometryModifier" type="QString" value="make_ellipse($geometry, &quot;uncertainty_km&quot; / 111.32 / cos(radians(y($geometry))), &quot;uncertainty_km&quot; / 111.32, 90)" />
            <Option name="units" type="QString" value="MapUnit" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="enabled" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="coalesce(&quot;precision&quot; &gt;= 3 AND &quot;uncertainty_km&quot; &gt; 0, false)" />
                  <Option name="type" type="int" value="3" />
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection" />
            </Option>
          </data_defined_properties>
          <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="@1@1" type="fill">
            <data_defined_properties>
              <Option type="Map">
                <Option name="name" type="QString" value="" />
                <Option name="properties" />
                <Option name="type" type="QString" value="collection" />
              </Option>
            </data_defined_properties>
            <layer class="SimpleFill" enabled="1" locked="0" pass="0">
              <Option type="Map">
                <Option name="color" type="QString" value="251,154,153,40" />
                <Option name="outline_color" type="QString" value="251,154,153,200" />
                <Option name="outline_style" type="QString" value="dash" />
                <Option name="outline_width" type="QString" value="0.3" />
                <Option name="outline_width_unit" type="QString" value="MM" />
                <Option name="style" type="QString" value="solid" />
              </Option>
              <data_defined_properties>
                <Option type="Map">
                  <Option name="name" type="QString" value="" />
                  <Option name="properties" />
                  <Option name="type" type="QString" value="collection" />
                </Option>
              </data_defined_properties>
            </layer>
          </symbol>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="2" type="marker">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="255,255,153,255" />
            <Option name="name" type="QString" value="circle" />
            <Option name="outline_color" type="QString" value="35,35,35,255" />
            <Option name="outline_style" type="QString" value="solid" />
            <Option name="outline_width" type="QString" value="0.4" />
            <Option name="outline_width_unit" type="QString" value="MM" />
            <Option name="scale_method" type="QString" value="diameter" />
            <Option name="size" type="QString" value="3" />
            <Option name="size_unit" type="QString" value="MM" />
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
        <layer class="GeometryGenerator" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="SymbolType" type="QString" value="Fill" />
            <Option name="geometryModifier" type="QString" value="make_ellipse($geometry, &quot;uncertainty_km&quot; / 111.32 / cos(radians(y($geometry))), &quot;uncertainty_km&quot; / 111.32, 90)" />
            <Option name="units" type="QString" value="MapUnit" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="enabled" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="coalesce(&quot;precision&quot; &gt;= 3 AND &quot;uncertainty_km&quot; &gt; 0, false)" />
                  <Option name="type" type="int" value="3" />
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection" />
            </Option>
          </data_defined_properties>
          <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="@2@1" type="fill">
            <data_defined_properties>
              <Option type="Map">
                <Option name="name" type="QString" value="" />
                <Option name="properties" />
                <Option name="type" type="QString" value="collection" />
              </Option>
            </data_defined_properties>
            <layer class="SimpleFill" enabled="1" locked="0" pass="0">
              <Option type="Map">
                <Option name="color" type="QString" value="255,255,153,40" />
                <Option name="outline_color" type="QString" value="255,255,153,200" />
                <Option name="outline_style" type="QString" value="dash" />
                <Option name="outline_width" type="QString" value="0.3" />
                <Option name="outline_width_unit" type="QString" value="MM" />
                <Option name="style" type="QString" value="solid" />
              </Option>
              <data_defined_properties>
                <Option type="Map">
                  <Option name="name" type="QString" value="" />
                  <Option name="properties" />
                  <Option name="type" type="QString" value="collection" />
                </Option>
              </data_defined_properties>
            </layer>
          </symbol>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="3" type="marker">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="166,206,227,255" />
            <Option name="name" type="QString" value="circle" />
            <Option name="outline_color" type="QString" value="35,35,35,255" />
            <Option name="outline_style" type="QString" value="solid" />
            <Option name="outline_width" type="QString" value="0.4" />
            <Option name="outline_width_unit" type="QString" value="MM" />
            <Option name="scale_method" type="QString" value="diameter" />
            <Option name="size" type="QString" value="3" />
            <Option name="size_unit" type="QString" value="MM" />
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
        <layer class="GeometryGenerator" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="SymbolType" type="QString" value="Fill" />
            <Option name="geometryModifier" type="QString" value="make_ellipse($geometry, &quot;uncertainty_km&quot; / 111.32 / cos(radians(y($geometry))), &quot;uncertainty_km&quot; / 111.32, 90)" />
            <Option name="units" type="QString" value="MapUnit" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="enabled" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="coalesce(&quot;precision&quot; &gt;= 3 AND &quot;uncertainty_km&quot; &gt; 0, false)" />
                  <Option name="type" type="int" value="3" />
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection" />
            </Option>
          </data_defined_properties>
          <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="@3@1" type="fill">
            <data_defined_properties>
              <Option type="Map">
                <Option name="name" type="QString" value="" />
                <Option name="properties" />
                <Option name="type" type="QString" value="collection" />
              </Option>
            </data_defined_properties>
            <layer class="SimpleFill" enabled="1" locked="0" pass="0">
              <Option type="Map">
                <Option name="color" type="QString" value="166,206,227,40" />
                <Option name="outline_color" type="QString" value="166,206,227,200" />
                <Option name="outline_style" type="QString" value="dash" />
                <Option name="outline_width" type="QString" value="0.3" />
                <Option name="outline_width_unit" type="QString" value="MM" />
                <Option name="style" type="QString" value="solid" />
              </Option>
              <data_defined_properties>
                <Option type="Map">
                  <Option name="name" type="QString" value="" />
                  <Option name="properties" />
                  <Option name="type" type="QString" value="collection" />
                </Option>
              </data_defined_properties>
            </layer>
          </symbol>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="4" type="marker">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="255,255,153,255" />
            <Option name="name" type="QString" value="circle" />
            <Option name="outline_color" type="QString" value="35,35,35,255" />
            <Option name="outline_style" type="QString" value="solid" />
            <Option name="outline_width" type="QString" value="0.4" />
            <Option name="outline_width_unit" type="QString" value="MM" />
            <Option name="scale_method" type="QString" value="diameter" />
            <Option name="size" type="QString" value="3" />
            <Option name="size_unit" type="QString" value="MM" />
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
        <layer class="GeometryGenerator" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="SymbolType" type="QString" value="Fill" />
            <Option name="geometryModifier" type="QString" value="make_ellipse($geometry, &quot;uncertainty_km&quot; / 111.32 / cos(radians(y($geometry))), &quot;uncertainty_km&quot; / 111.32, 90)" />
            <Option name="units" type="QString" value="MapUnit" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="enabled" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="coalesce(&quot;precision&quot; &gt;= 3 AND &quot;uncertainty_km&quot; &gt; 0, false)" />
                  <Option name="type" type="int" value="3" />
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection" />
            </Option>
          </data_defined_properties>
          <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="@4@1" type="fill">
            <data_defined_properties>
              <Option type="Map">
                <Option name="name" type="QString" value="" />
                <Option name="properties" />
                <Option name="type" type="QString" value="collection" />
              </Option>
            </data_defined_properties>
            <layer class="SimpleFill" enabled="1" locked="0" pass="0">
              <Option type="Map">
                <Option name="color" type="QString" value="255,255,153,40" />
                <Option name="outline_color" type="QString" value="255,255,153,200" />
                <Option name="outline_style" type="QString" value="dash" />
                <Option name="outline_width" type="QString" value="0.3" />
                <Option name="outline_width_unit" type="QString" value="MM" />
                <Option name="style" type="QString" value="solid" />
              </Option>
              <data_defined_properties>
                <Option type="Map">
                  <Option name="name" type="QString" value="" />
                  <Option name="properties" />
                  <Option name="type" type="QString" value="collection" />
                </Option>
              </data_defined_properties>
            </layer>
          </symbol>
        </layer>
      </symbol>
      <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="5" type="marker">
        <data_defined_properties>
          <Option type="Map">
            <Option name="name" type="QString" value="" />
            <Option name="properties" />
            <Option name="type" type="QString" value="collection" />
          </Option>
        </data_defined_properties>
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" type="QString" value="136,136,136,255" />
            <Option name="name" type="QString" value="circle" />
            <Option name="outline_color" type="QString" value="35,35,35,255" />
            <Option name="outline_style" type="QString" value="solid" />
            <Option name="outline_width" type="QString" value="0.4" />
            <Option name="outline_width_unit" type="QString" value="MM" />
            <Option name="scale_method" type="QString" value="diameter" />
            <Option name="size" type="QString" value="3" />
            <Option name="size_unit" type="QString" value="MM" />
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
        <layer class="GeometryGenerator" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="SymbolType" type="QString" value="Fill" />
            <Option name="geometryModifier" type="QString" value="make_ellipse($geometry, &quot;uncertainty_km&quot; / 111.32 / cos(radians(y($geometry))), &quot;uncertainty_km&quot; / 111.32, 90)" />
            <Option name="units" type="QString" value="MapUnit" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value="" />
              <Option name="properties" type="Map">
                <Option name="enabled" type="Map">
                  <Option name="active" type="bool" value="true" />
                  <Option name="expression" type="QString" value="coalesce(&quot;precision&quot; &gt;= 3 AND &quot;uncertainty_km&quot; &gt; 0, false)" />
                  <Option name="type" type="int" value="3" />
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection" />
            </Option>
          </data_defined_properties>
          <symbol alpha="1" clip_to_extent="1" force_rhr="0" name="@5@1" type="fill">
            <data_defined_properties>
              <Option type="Map">
                <Option name="name" type="QString" value="" />
                <Option name="properties" />
                <Option name="type" type="QString" value="collection" />
              </Option>
            </data_defined_properties>
            <layer class="SimpleFill" enabled="1" locked="0" pass="0">
              <Option type="Map">
                <Option name="color" type="QString" value="136,136,136,40" />
                <Option name="outline_color" type="QString" value="136,136,136,200" />
                <Option name="outline_style" type="QString" value="dash" />
                <Option name="outline_width" type="QString" value="0.3" />
                <Option name="outline_width_unit" type="QString" value="MM" />
                <Option name="style" type="QString" value="solid" />
              </Option>
              <data_defined_properties>
                <Option type="Map">
                  <Option name="name" type="QString" value="" />
                  <Option name="properties" />
                  <Option name="type" type="QString" value="collection" />
                </Option>
              </data_defined_properties>
            </layer>
          </symbol>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="name" isExpression="0" fontSize="9" fontSizeUnit="Point" textColor="30,30,30,255" textOpacity="1" namedStyle="Regular" />
      <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.8" />
      <placement placement="6" placementFlags="10" dist="1.5" distUnits="MM" priority="4" repeatDistance="0" />
      <rendering drawLabels="1" obstacle="1" obstacleFactor="1" obstacleType="0" scaleVisibility="0" displayAll="0" upsidedownLabels="0" />
    </settings>
  </labeling>
</qgis>
