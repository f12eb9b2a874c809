// State of the Users list: the generic paged list plus the 詳細検索 drafts,
// the active-user count and the groups, so that the screen's components
// share one instance and tests can drive it with a mocked API.

import { countActiveUsers, listGroups, listUsers } from '../../lib/api/users';
import { toastError } from '../../lib/stores/toasts.svelte';
import type { User, UserState } from '../../lib/api/types';
import { PagedList } from '../../lib/pagedList.svelte';
import { emptyFilter, isFiltered, toListRequest, type UserFilter } from './query';

export class UsersList extends PagedList<UserFilter, User> {
  /** 詳細検索 panel drafts; applied by 検索 */
  draftGroup = $state('');
  draftState = $state<UserState>('');

  activeCount = $state<number | null>(null);
  groups = $state<string[]>([]);

  constructor() {
    super({ load: (r) => listUsers(toListRequest(r.filter, r.page, r.pageSize)), filter: emptyFilter, isFiltered });
  }

  /** refreshMeta reloads the active-user count (利用ユーザー数) and the group list. */
  async refreshMeta(): Promise<void> {
    try {
      const [active, groups] = await Promise.all([countActiveUsers(), listGroups()]);
      this.activeCount = active;
      this.groups = groups.items ?? [];
    } catch (e) {
      toastError(e);
    }
  }

  /** reload refreshes the page and the counts, e.g. after a change. */
  override async reload(): Promise<void> {
    await Promise.all([this.load(), this.refreshMeta()]);
  }

  /** openAdvanced copies the filter in force into the panel's drafts. */
  openAdvanced(): void {
    this.draftGroup = this.filter.group;
    this.draftState = this.filter.state;
  }

  /** applyAdvanced applies the 詳細検索 panel (and the search box). */
  applyAdvanced(): Promise<void> {
    return this.setFilter({ group: this.draftGroup, state: this.draftState });
  }

  /** clear is 条件をクリア: every criterion and draft off, back to the full list. */
  override clear(): Promise<void> {
    this.draftGroup = '';
    this.draftState = '';
    return super.clear();
  }
}
