// State of the Users list: the generic paged list plus its 詳細検索 panel,
// the active-user count and the groups, so that the screen's components
// share one instance and tests can drive it with a mocked API.

import { countActiveUsers, listGroups, listUsers } from '../../lib/api/users';
import { toastError } from '../../lib/stores/toasts.svelte';
import type { User } from '../../lib/api/types';
import { AdvancedSearch, PagedList } from '../../lib/pagedList.svelte';
import { emptyFilter, isFiltered, toListRequest, type UserFilter } from './query';

export class UsersList extends PagedList<UserFilter, User> {
  /** the 詳細検索 panel: group and state */
  readonly advanced = new AdvancedSearch<UserFilter>(this, {
    empty: emptyFilter,
    criteria: ({ group, state }) => ({ group, state }),
  });

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
}
