from . import test_recommend_service
from . import test_recommend_surfaces
from . import test_recommend_routes
from . import test_recommend_pos_tour
