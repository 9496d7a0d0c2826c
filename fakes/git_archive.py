"""The newsletter's own git repository, made in a folder with dulwich (no git binary needed): the
archive's files under content/, and commits, edits, links and history rewrites on demand. Serve it
over HTTP with fakes.git_http, or point WORKSONARM_ARCHIVE at its folder's URL."""

from __future__ import annotations

from pathlib import Path


class GitArchive:
    """The newsletter's repository, made in a folder with dulwich (no git binary needed): the
    archive's files under content/, and commits, edits and history rewrites on demand."""

    AUTHOR = b"Works on Arm <news@example.com>"

    def __init__(self, folder: Path, source: Path) -> None:
        import shutil

        from dulwich import porcelain

        self.folder = folder
        shutil.copytree(source, folder / "content")
        self.repo = porcelain.init(str(folder))
        self.commit("The archive")

    @property
    def url(self) -> str:
        return self.folder.resolve().as_uri()

    def commit(self, message: str, *, amend: bool = False) -> str:
        from dulwich import porcelain

        porcelain.add(
            self.repo, [str(p) for p in self.folder.rglob("*") if p.is_file() and ".git" not in p.parts]
        )
        return porcelain.commit(
            self.repo, message, author=self.AUTHOR, committer=self.AUTHOR, amend=amend, all=True
        ).decode()

    def link(self, links: dict[str, Path], message: str = "Links") -> str:
        """Commit symbolic links (a merged pull request can hold them): path in the repository ->
        target. Staged by hand: dulwich's `add` would walk into a link to a folder."""
        import os

        from dulwich import porcelain
        from dulwich.index import blob_from_path_and_stat, index_entry_from_stat

        index = self.repo.open_index()
        for name, target in links.items():
            path = self.folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.symlink_to(target)
            stat = os.lstat(path)
            blob = blob_from_path_and_stat(os.fsencode(path), stat)
            self.repo.object_store.add_object(blob)
            index[name.encode()] = index_entry_from_stat(stat, blob.id)
        index.write()
        return porcelain.commit(self.repo, message, author=self.AUTHOR, committer=self.AUTHOR).decode()

    def rewrite(self, message: str) -> str:
        """A force-push: history replaced by one new root commit of what the folder holds now."""
        from dulwich import porcelain

        porcelain.add(
            self.repo, [str(p) for p in self.folder.rglob("*") if p.is_file() and ".git" not in p.parts]
        )
        index = self.repo.open_index()
        for path in list(index):  # what the folder no longer has leaves the new history
            if not (self.folder / path.decode()).exists():
                del index[path]
        index.write()
        tree = index.commit(self.repo.object_store)
        commit_id = self.repo.get_worktree().commit(
            message.encode(), tree=tree, author=self.AUTHOR, committer=self.AUTHOR, merge_heads=[], ref=None
        )
        self.repo.refs[b"refs/heads/master"] = commit_id
        return bytes(commit_id).decode()

    def close(self) -> None:
        self.repo.close()
