// The one place ECharts modules are registered: import only what the charts use, so the bundle stays small.
// Each module is named once, off its namespace: Rollup keeps only the members read here.
import * as charts from 'echarts/charts'
import * as components from 'echarts/components'
import * as echarts from 'echarts/core'
import { LabelLayout, UniversalTransition } from 'echarts/features'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([
  charts.BarChart,
  charts.GaugeChart,
  charts.LineChart,
  // The 区划态势 map: shapes are registered per adcode at run time (registerMap), never bundled.
  charts.MapChart,
  charts.PieChart,
  charts.ScatterChart,
  components.DatasetComponent,
  components.GeoComponent,
  components.GridComponent,
  components.LegendComponent,
  components.MarkAreaComponent,
  components.MarkLineComponent,
  components.MarkPointComponent,
  components.TitleComponent,
  components.TooltipComponent,
  components.VisualMapComponent,
  LabelLayout,
  UniversalTransition,
  CanvasRenderer,
])

export { echarts }
