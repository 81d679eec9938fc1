"""Extensions, created unbound here and bound to the app in `create_app`."""
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from .models.base import Base

db = SQLAlchemy(model_class=Base)
socketio = SocketIO()
login = LoginManager()
csrf = CSRFProtect()
