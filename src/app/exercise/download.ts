/** Saves bytes or text as a file the browser downloads: no server is involved. */
export function downloadFile(name: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  // The download has started from the object URL by now; freeing it at once could cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
