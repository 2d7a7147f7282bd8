import type { Session } from '../session';

/** A view draws itself into `container` and returns its cleanup (timers, sockets, the map). */
export type View = (container: HTMLElement, session: Session) => () => void;
