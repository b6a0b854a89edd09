export { Button, buttonVariants, type ButtonProps } from "./button";
export { cn } from "./cn";
export { Input } from "./input";
