"""Files: the external upload flow, members' private files and their downloads."""

from __future__ import annotations

from aiohttp import web

from paperclub_fakes.slack_fake.chat import Chat
from paperclub_fakes.slack_fake.records import FILE_UPLOAD, JsonDict, SlackCall


class Files(Chat):
    """Files the bot uploads and files members attach."""

    async def _handle_upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        content = await request.read()
        record = self.files.get(file_id)
        status = 200 if record is not None else 404
        if record is not None:
            record["content"] = content
            record["size"] = len(content)
        call = SlackCall(
            method=FILE_UPLOAD,
            args={"file_id": file_id, "content": content},
            http_method=request.method,
            path=request.path,
            headers=dict(request.headers),
            token=None,
            status=status,
        )
        await self._record(call)
        return web.Response(status=status, text=f"OK - {len(content)}")

    def add_member_file(self, name: str, content: bytes, *, size: int | None = None) -> JsonDict:
        """A file a member attached in a form (file_input): the object Slack puts in the view
        state. Its `url_private` is served here and needs a bot token, as on Slack."""
        file_id = f"F{len(self.private_files) + 1:08d}"
        self.private_files[file_id] = content
        url = f"{self.base_url}/private/{file_id}/{name}"
        return {
            "id": file_id,
            "name": name,
            "title": name,
            "size": len(content) if size is None else size,
            "url_private": url,
            "url_private_download": url,
        }

    async def _handle_private_file(self, request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        self.private_downloads.append(token)
        if not token.startswith("xoxb-"):
            # Slack answers an unauthenticated file request with its login page, not the file.
            return web.Response(status=302, headers={"Location": "https://slack.com/signin"})
        content = self.private_files.get(request.match_info["file_id"])
        if content is None or "files:read" not in self.scopes:
            raise web.HTTPNotFound()
        return web.Response(body=content, content_type="application/octet-stream")

    def _files_get_upload_url(self, args: JsonDict) -> JsonDict:
        filename, length = args.get("filename"), args.get("length")
        if not filename or length is None:
            return {"ok": False, "error": "invalid_arguments"}
        file_id = self._new_id("F")
        self.files[file_id] = {
            "id": file_id,
            "name": filename,
            "title": filename,
            "size": int(length),
            "content": None,
            "completed": False,
        }
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, args: JsonDict) -> JsonDict:
        requested = args.get("files")
        if not isinstance(requested, list) or not requested:
            return {"ok": False, "error": "invalid_arguments"}
        done: list[JsonDict] = []
        for item in requested:
            record = self.files.get(str(item.get("id")))
            if record is None or record["content"] is None:
                return {"ok": False, "error": "file_not_found"}
            record["completed"] = True
            if item.get("title"):
                record["title"] = item["title"]
            done.append({k: v for k, v in record.items() if k != "content"})
        channels = [c for c in str(args.get("channels") or "").split(",") if c]
        if args.get("channel_id"):
            channels.append(str(args["channel_id"]))
        for channel in channels:
            # Sharing a file posts a message, which a reclaim check on history must be able to see.
            share = self._bot_message(
                {"text": args.get("initial_comment", ""), "thread_ts": args.get("thread_ts")},
                self._next_ts(),
            )
            if share["thread_ts"] is None:
                del share["thread_ts"]
            share["files"] = done
            self.messages.setdefault(channel, []).append(share)
        return {"ok": True, "files": done}
