import { inject, ref, type InjectionKey, type Ref } from 'vue'

export const pixelRatioKey: InjectionKey<Ref<number>> = Symbol('pixelRatio')
/** The ratio charts draw at inside the scaled canvas (provided by ScreenCanvas). */
export const usePixelRatio = () => inject(pixelRatioKey, ref(globalThis.devicePixelRatio ?? 1))
