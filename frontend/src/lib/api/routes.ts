// Routes service: the internal web apps behind the gateway (SPEC section 6).
import { call } from './call';
import type { Route, RouteInput, RouteTestResult, RouteUpdate } from './types';

const S = 'Routes';

export const listRoutes = () => call<{ items: Route[] }>(S, 'List', {});
export const getRoute = (id: string) => call<Route>(S, 'Get', { id });
export const createRoute = (req: RouteInput) => call<Route>(S, 'Create', req);
export const updateRoute = (req: RouteUpdate) => call<Route>(S, 'Update', req);
export const deleteRoute = (id: string) => call<object>(S, 'Delete', { id });
/** testRoute GETs the upstream (5 s limit): a saved route by id, or a typed URL. */
export const testRoute = (target: { id: string } | { upstream: string }) => call<RouteTestResult>(S, 'Test', target);
