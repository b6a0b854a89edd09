export { AtiendeWidget, type AtiendeWidgetProps } from "./atiende-widget";
export type { AtiendeApi, AtiendeEvent, AtiendeInitOptions } from "./loader-api";
