/**
 * Typed extension points between modules: a module that owns a process (marketplace's order creation) declares
 * a point and calls what is registered there; another module (pricing) registers its implementation in its
 * ModuleDef `setup`. The owner never imports the implementer.
 */
export interface HookPoint<T> {
  readonly name: string;
  /** Phantom: carries the hook's type. */
  readonly _type?: T;
}

export function hookPoint<T>(name: string): HookPoint<T> {
  return { name };
}

export function createHooks() {
  const points = new Map<string, unknown[]>();
  const live = <T>(p: HookPoint<T>): T[] => {
    let l = points.get(p.name);
    if (!l) {
      l = [];
      points.set(p.name, l);
    }
    return l as T[];
  };
  return {
    add<T>(p: HookPoint<T>, impl: T) {
      live(p).push(impl);
    },
    /** The live list for a point: implementations added later appear in it too. */
    list<T>(p: HookPoint<T>): readonly T[] {
      return live(p);
    },
  };
}
export type Hooks = ReturnType<typeof createHooks>;
