export { isOpen, nextOpening, WEEKDAYS, type Schedule } from "./schedule";
