// The game's job: the player finishes 99 levels and
// plays the 100th, whose enemies march four times a
// second while it is played: 0.6 s, two moves, by the
// end of the run.
const level = game.level
if (game.finished !== 99 || !level || level.number !== 100) {
  throw new Error(`the player should have finished 99 levels and be playing level 100, but finished ${game.finished} and is playing ${level ? 'level ' + level.number : 'none'}`)
}
const behind = level.enemies.filter((enemy) => enemy.x > 98)
if (behind.length > 0) {
  throw new Error(`${behind.length} of the 20 enemies of level 100, the level being played, did not march: in its 0.6 s they should have moved twice, four moves a second. The level being played must keep its timer`)
}
return 'the player finished 99 levels, and the enemies of level 100, the one being played, march four times a second'
