// A game. Each step the player finishes a level and
// starts the next; a level's enemies march on a timer.
class Enemy {
  constructor(lane) {
    this.lane = lane
    this.x = 100 // walks left, a pixel a move
  }
}

class Level {
  constructor(number) {
    this.number = number
    this.over = false
    const enemies = []
    for (let lane = 0; lane < 20; lane++) {
      enemies.push(new Enemy(lane))
    }
    this.enemies = enemies // the game draws them
    // Move every enemy, four times a second.
    this.mover = setInterval(function march() {
      for (const enemy of enemies) enemy.x--
    }, 250)
  }
  end() {
    // Over, but its timer still runs: the host keeps
    // march(), and march() keeps the enemies.
    this.over = true
  }
}

const game = { level: null, finished: 0 }

function step(i) {
  if (game.level) {
    game.level.end()
    game.finished++
  }
  game.level = new Level(i + 1)
}
