export { echarts } from './register.js'
export { lightTheme, specOf, trendOption, type TrendTheme } from './trend.js'
export { useEcharts, type UseEchartsOptions } from './use-echarts.js'
