export { echarts } from './register.js'
export { useEcharts, type UseEchartsOptions } from './use-echarts.js'
