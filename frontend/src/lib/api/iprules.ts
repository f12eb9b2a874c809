// IPRules service (IP接続制限, SPEC section 3).
import { call } from './call';
import type { IPRule, IPRuleInput, IPRuleList, IPRulePreview, IPRulePreviewRequest, IPRuleUpdate } from './types';

const S = 'IPRules';

export const listIPRules = () => call<IPRuleList>(S, 'List', {});
export const getIPRule = (id: string) => call<IPRule>(S, 'Get', { id });
export const createIPRule = (req: IPRuleInput) => call<IPRule>(S, 'Create', req);
export const updateIPRule = (req: IPRuleUpdate) => call<IPRule>(S, 'Update', req);
export const deleteIPRule = (id: string, confirm = false) =>
  call<object>(S, 'Delete', confirm ? { id, confirm: true } : { id });
/** previewIPRule tells whom a change would cut off, without changing anything. */
export const previewIPRule = (req: IPRulePreviewRequest) => call<IPRulePreview>(S, 'Preview', req);
