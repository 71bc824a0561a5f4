import { useContainer } from 'class-validator';

type ConstraintClass = abstract new (...args: never[]) => object;

const instances = new Map<ConstraintClass, object>();

/**
 * Makes a Nest-built provider the instance class-validator uses for its class: a custom
 * constraint that needs injected services (the Clock) registers itself in `onModuleInit`.
 */
export function useAsConstraint(instance: object): void {
  instances.set(instance.constructor as ConstraintClass, instance);
}

/**
 * class-validator asks this container first and builds every other constraint itself. Not
 * `useContainer(app)`: Nest's `app.get` of a class it does not provide ends the process.
 */
export function installConstraintContainer(): void {
  useContainer({ get: (cls: ConstraintClass) => instances.get(cls) }, { fallback: true });
}
